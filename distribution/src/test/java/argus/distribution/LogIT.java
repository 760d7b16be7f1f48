package argus.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one log (conf/logback.xml), with the packaged distribution as a process: a demo run of about 20 s
 * where every line parses in the text format (and, with ARGUS_LOG_FORMAT=json, as one JSON object), and an
 * invalid conf/argus.http.cfg value that costs exactly one line and no stack trace.
 */
class LogIT {
    /** conf/logback.xml's text pattern: time, level, [thread], logger, " - ", message (one line). */
    static final Pattern TEXT = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO |WARN |ERROR) \\[[^\\]]*] [\\w.$-]+ - .*");
    /** logback's JsonEncoder as configured there (and the launcher's fallback, same fields). */
    static final Pattern JSON = Pattern.compile(
            "\\{\"timestamp\":\\d+,\"level\":\"(TRACE|DEBUG|INFO|WARN|ERROR)\",\"threadName\":\".*\",\"loggerName\":\"[^\"]+\",.*\"formattedMessage\":\".*\",\"throwable\":.*}");

    @BeforeAll
    static void archive() throws Exception {
        LauncherTest.findArchive();
    }

    @Test
    void everyLineOfADemoRunParsesAsText(@TempDir Path dir) throws Exception {
        List<String> lines = demo(dir, "text");
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(TEXT));
        assertThat(lines).anyMatch(l -> l.contains(" argus.launcher - [argus] started "));
        assertThat(lines).anyMatch(l -> l.contains(" net.dv8tion.jda."));   // JDA through the same log
    }

    @Test
    void everyLineOfADemoRunIsOneJsonObject(@TempDir Path dir) throws Exception {
        List<String> lines = demo(dir, "json");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l).matches(JSON);
            assertThat(balanced(l)).as("one complete JSON object: " + l).isTrue();
        });
        assertThat(lines).anyMatch(l -> l.contains("[argus] started "));
    }

    @Test
    void anInvalidHttpValueIsOneLineWithoutStackTrace(@TempDir Path dir) throws Exception {
        Path home = LauncherTest.unpack(dir);
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = notaport\n");
        Path log = dir.resolve("argus.log");
        Process p = LauncherTest.start(home, log);
        try {
            LauncherTest.awaitLine(p, log, "[argus] started ");
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = Files.readAllLines(log);
        System.out.println("---- invalid argus.http.cfg ----\n" + String.join("\n", lines));
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(TEXT));
        // One line reports it (the launcher's start-up summary names the component that is down, apart).
        assertThat(lines.stream().filter(l -> l.contains("notaport") && !l.contains("[argus] started ")))
                .hasSize(1).allSatisfy(l -> assertThat(l).contains("argus.http").contains("port"));
        assertThat(String.join("\n", lines)).doesNotContain(" | at ").doesNotContain("\tat ")
                .doesNotContain("The activate method has thrown an exception");
    }

    /** A demo run of about 20 s (bin/argus run, the example bot in demo mode); the lines of its output. */
    private static List<String> demo(Path dir, String format) throws Exception {
        Path home = LauncherTest.unpack(dir);
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + LauncherTest.freePort() + "\n");
        Files.writeString(home.resolve("conf/argus.example.bot.cfg"), "mode = demo\nguilds = 3\n");
        Path log = dir.resolve("argus.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/argus").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
        pb.environment().put("ARGUS_LOG_FORMAT", format);
        Process p = pb.start();
        long t0;
        try {
            LauncherTest.awaitLine(p, log, "[argus] started ");
            t0 = System.nanoTime();
            Thread.sleep(20_000);
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = Files.readAllLines(log);
        long minutes100 = (System.nanoTime() - t0) / 600_000_000L;   // hundredths of a minute
        long after = lines.stream().dropWhile(l -> !l.contains("[argus] started ")).count() - 1;
        System.out.printf("FIGURES log (%s): %d lines in all, %d in %.2f min of demo after start (%.0f per minute)%n",
                format, lines.size(), after, minutes100 / 100.0, after * 100.0 / Math.max(1, minutes100));
        System.out.println("---- demo log (" + format + ") ----\n" + String.join("\n", lines));
        assertThat(p.exitValue()).isZero();
        assertThat(lines).isNotEmpty().anyMatch(l -> l.contains("[argus] stopped"));
        return lines;
    }

    /** Braces and brackets balance outside strings, and the object closes at the end of the line. */
    private static boolean balanced(String l) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0 && i != l.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0 && !inString;
    }
}
