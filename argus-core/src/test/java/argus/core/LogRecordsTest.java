package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.metrics.MetricFamily;
import argus.core.logback.LogbackRecords;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code discord_log_records_total{logger,level}} through a real Logback {@link LoggerContext} (each test
 * its own, as a bot's would be SLF4J's): what passes a logger's level is counted by logger and level in
 * argus-dpy's level names, nothing else is, the logger label is capped, a failure is counted and the record
 * still logged, and each Argus counts only while it is open.
 */
class LogRecordsTest {
    private static final String FAMILY = "discord_log_records";

    private LoggerContext logback;
    private ListAppender<ILoggingEvent> written;

    @BeforeEach
    void context() {
        logback = new LoggerContext();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        written = new ListAppender<>();
        written.setContext(logback);
        written.start();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(written);
    }

    private Argus start(Map<String, String> settings) {
        return Argus.builder().config(ArgusConfig.resolve(settings, Map.of())).discoverModules(false)
                .closeOnShutdown(false).logBackend(logback).start();
    }

    private static double count(Argus argus, String logger, String level) {
        double v = argus.registry().value(FAMILY, logger, level);
        return Double.isNaN(v) ? 0 : v;
    }

    private long ourFilters() {
        return logback.getTurboFilterList().stream().filter(f -> f instanceof LogbackRecords).count();
    }

    @Test
    void countsWhatPassesTheLoggersLevelByLoggerAndLevel() {
        Logger commands = logback.getLogger("bot.commands");
        commands.setLevel(Level.DEBUG);
        Logger jda = logback.getLogger("net.dv8tion.jda.internal.requests.WebSocketClient"); // INFO, from root
        try (Argus argus = start(Map.of())) {
            commands.trace("below DEBUG");
            commands.debug("one {}", 1);
            commands.info("two");
            commands.info("three {} {} {}", 1, 2, 3);
            commands.warn("four", new IllegalStateException("boom"));
            commands.error("five");
            jda.debug("below INFO");
            jda.info("six");
            assertThat(jda.isDebugEnabled()).isFalse(); // a question, not a record
            assertThat(commands.isInfoEnabled()).isTrue();
            commands.atInfo().log("fluent"); // SLF4J 2's fluent API: Logback asks no turbo filter (README)

            assertThat(count(argus, "bot.commands", "DEBUG")).isEqualTo(1);
            assertThat(count(argus, "bot.commands", "INFO")).isEqualTo(2);
            assertThat(count(argus, "bot.commands", "WARNING")).isEqualTo(1);
            assertThat(count(argus, "bot.commands", "ERROR")).isEqualTo(1);
            assertThat(count(argus, "bot.commands", "TRACE")).isZero();
            assertThat(count(argus, jda.getName(), "INFO")).isEqualTo(1);
            assertThat(count(argus, jda.getName(), "DEBUG")).isZero();
            MetricFamily f = argus.registry().snapshot().family(FAMILY);
            assertThat(f.points()).hasSize(5);
            // The filter never changes Logback's decision: every record above was written, and only those.
            assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("one 1", "two", "three 1 2 3", "four", "five", "six", "fluent");
        }
    }

    @Test
    void traceCountsWhereTheLoggerAllowsIt() {
        Logger wire = logback.getLogger("bot.wire");
        wire.setLevel(Level.TRACE);
        try (Argus argus = start(Map.of())) {
            wire.trace("frame");
            assertThat(count(argus, "bot.wire", "TRACE")).isEqualTo(1);
        }
    }

    @Test
    void loggerNamesBeyondTheLabelCapCountAsOther() {
        // 6: above what Argus' own families pre-create at start for every label but ack latency's 9 kinds.
        try (Argus argus = start(Map.of("label_cap", "6"))) {
            for (int i = 0; i < 8; i++) {
                logback.getLogger("bot.module" + i).info("hello");
            }
            logback.getLogger("bot.module7").info("again");
            assertThat(count(argus, "bot.module0", "INFO")).isEqualTo(1);
            assertThat(count(argus, "bot.module5", "INFO")).isEqualTo(1);
            assertThat(count(argus, "bot.module6", "INFO")).isZero();
            assertThat(count(argus, "other", "INFO")).isEqualTo(3);
            assertThat(argus.registry().value("argus_label_overflow", FAMILY)).isEqualTo(3);
            assertThat(argus.registry().snapshot().family(FAMILY).points()).hasSize(7);
        }
    }

    @Test
    void aFailureInsideTheFilterIsCountedAndTheRecordGoesOn() {
        try (Argus argus = start(Map.of())) {
            TurboFilter filter = logback.getTurboFilterList().stream().filter(f -> f instanceof LogbackRecords)
                    .findFirst().orElseThrow();
            // No level: what a broken backend or a bug in the filter would look like from inside.
            FilterReply reply = filter.decide(null, logback.getLogger("bot"), null, "message", null, null);
            assertThat(reply).isEqualTo(FilterReply.NEUTRAL);
            assertThat(argus.registry().errorCount("log_records")).isEqualTo(1);
            logback.getLogger("bot").info("still counted");
            assertThat(count(argus, "bot", "INFO")).isEqualTo(1);
            assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage).contains("still counted");
        }
    }

    @Test
    void closingRemovesTheFilterAndASecondArgusCountsAlone() {
        Logger bot = logback.getLogger("bot");
        Argus first = start(Map.of());
        bot.info("seen by the first");
        first.close();
        assertThat(ourFilters()).as("turbo filters left after close").isZero();
        bot.info("after the first closed");
        assertThat(count(first, "bot", "INFO")).isEqualTo(1);

        try (Argus second = start(Map.of()); Argus third = start(Map.of())) {
            bot.info("seen by both");
            assertThat(count(second, "bot", "INFO")).isEqualTo(1);
            assertThat(count(third, "bot", "INFO")).isEqualTo(1);
            third.close();
            bot.info("seen by the second");
            assertThat(count(second, "bot", "INFO")).isEqualTo(2);
            assertThat(count(third, "bot", "INFO")).isEqualTo(1);
            assertThat(ourFilters()).isEqualTo(1);
        }
        assertThat(ourFilters()).isZero();
        assertThat(count(first, "bot", "INFO")).isEqualTo(1);
    }

    @Test
    void aLogbackReconfigurationKeepsCounting() {
        try (Argus argus = start(Map.of())) {
            logback.getLogger("bot").info("before");
            logback.reset(); // what a scanned logback.xml edit does: turbo filters and levels are cleared
            logback.getLogger("bot").info("after");
            assertThat(count(argus, "bot", "INFO")).isEqualTo(2);
            assertThat(ourFilters()).isEqualTo(1);
        }
        assertThat(ourFilters()).isZero();
        logback.reset();
        assertThat(ourFilters()).as("a closed Argus is not put back by a reset").isZero();
    }

    @Test
    void offBySettingAndSwitchedInPlaceKeepingWhatWasCounted() {
        Logger bot = logback.getLogger("bot");
        try (Argus argus = start(Map.of("log_metrics", "false"))) {
            bot.info("not counted");
            assertThat(ourFilters()).isZero();
            assertThat(argus.registry().snapshot().family(FAMILY).points()).isEmpty();

            argus.reconfigure(ArgusConfig.resolve(Map.of("log_metrics", "true"), Map.of()));
            bot.info("counted");
            assertThat(count(argus, "bot", "INFO")).isEqualTo(1);

            Map<String, String> off = new HashMap<>(Map.of("log_metrics", "off"));
            argus.reconfigure(ArgusConfig.resolve(off, Map.of()));
            bot.info("not counted either");
            assertThat(ourFilters()).isZero();
            assertThat(count(argus, "bot", "INFO")).as("kept").isEqualTo(1);
            assertThat(argus.health().get("core").up()).isTrue();
        }
    }

    /** A bot on slf4j-simple (as these tests' SLF4J is): the family is there, without a series. */
    @Test
    void anotherBackendLeavesTheSeriesAbsent() {
        assertThat(LogRecords.isLogback(LoggerFactory.getILoggerFactory().getClass())).isFalse();
        assertThat(LogRecords.isLogback(LoggerContext.class)).isTrue();
        try (Argus argus = Argus.builder().config(ArgusConfig.resolve(Map.of(), Map.of())).discoverModules(false)
                .closeOnShutdown(false).start()) {
            LoggerFactory.getLogger("bot").warn("through slf4j-simple");
            assertThat(argus.registry().snapshot().family(FAMILY).points()).isEmpty();
            assertThat(argus.registry().errorCount("log_records")).isZero();
        }
    }

    @Test
    void levelNamesAreArgusDpys() {
        assertThat(List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE))
                .extracting(LogbackRecords::label).containsExactly("ERROR", "WARNING", "INFO", "DEBUG", "TRACE");
    }
}
