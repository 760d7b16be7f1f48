package argus.springboot.it;

import argus.core.Argus;
import argus.micrometer.ArgusMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.dv8tion.jda.api.JDA;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** README, "Micrometer (Spring Boot)": the configuration as printed there, character for character. */
@Configuration
class Observability {
    @Bean(destroyMethod = "close")
    Argus argus(JDA jda) {
        return Argus.builder(jda).port(9191).start();        // or keep Argus' endpoint for the dashboard
    }

    @Bean
    MeterBinder argusMetrics(Argus argus) {                   // bound to Boot's PrometheusMeterRegistry
        return new ArgusMeterBinder(argus.services().metrics());
    }
}
