package argus.example.bot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed answers the demo logs as WARN: not those its own shutdown interrupted. */
class AnswerFailuresTest {

    @Test
    void anAnswerInterruptedByTheShutdownIsToldApartFromARealFailure() {
        // As JDA reports a request its shutdown interrupted: error -1, caused by the interrupted I/O.
        assertThat(ExampleBot.cutShortByShutdown(new RuntimeException("-1: java.io.InterruptedIOException",
                new InterruptedIOException("interrupted")))).isTrue();
        assertThat(ExampleBot.cutShortByShutdown(new IllegalStateException(new InterruptedException()))).isTrue();

        assertThat(ExampleBot.cutShortByShutdown(new RuntimeException("-1: java.net.ConnectException",
                new IOException("Connection refused")))).isFalse();
        assertThat(ExampleBot.cutShortByShutdown(new IllegalStateException("boom"))).isFalse();
    }
}
