package argus.bench;

import argus.core.logback.LogbackRecords;
import argus.core.registry.Counter;
import argus.core.registry.MetricRegistry;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.helpers.NOPAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What counting log records ({@code discord_log_records_total}, the turbo filter core adds to a Logback
 * backend) adds to a bot's log calls: a record written (to an appender that does nothing, so the figure is
 * Logback's own path), a call below the logger's level (Logback asks turbo filters before its level check,
 * so these pay too), and an {@code isDebugEnabled()} guard; {@code counted=false} is Logback alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class LogRecordsBenchmark {
    @Param({"false", "true"})
    public boolean counted;

    private LoggerContext context;
    private Logger logger;
    private AutoCloseable filter;
    private Counter records;

    @Setup(Level.Trial)
    public void setUp() {
        context = new LoggerContext();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        NOPAppender<ILoggingEvent> nothing = new NOPAppender<>();
        nothing.setContext(context);
        nothing.start();
        root.addAppender(nothing);
        logger = context.getLogger("bot.commands");
        if (counted) {
            MetricRegistry registry = new MetricRegistry(200);
            records = registry.counter("discord_log_records", "Log records", "logger", "level");
            filter = LogbackRecords.install(context, records, registry);
            logger.info("warm-up");
            if (records.labels("bot.commands", "INFO").value() != 1) {
                throw new IllegalStateException("the filter counted nothing");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (filter != null) {
            filter.close();
        }
        context.stop();
    }

    @Benchmark
    public void infoWritten() {
        logger.info("command {} done", "ping");
    }

    @Benchmark
    public void debugBelowLevel() {
        logger.debug("command {} done", "ping");
    }

    @Benchmark
    public boolean isDebugEnabledGuard() {
        return logger.isDebugEnabled();
    }
}
