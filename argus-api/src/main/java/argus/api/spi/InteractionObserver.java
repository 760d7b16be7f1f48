package argus.api.spi;

/**
 * Told of every interaction and application command whose end Argus saw, with when it was received:
 * what a tracer needs to record one span per interaction (argus.exporter.otlp). Register one with
 * {@link CoreServices#observeInteractions}; while none is registered, core's only cost is a null check.
 *
 * <p>Only bounded, guild-free values are passed: no guild, user, channel or interaction id.
 *
 * <p>Called on the thread that saw the end (a JDA thread, or Argus' housekeeping for expiry): it must
 * return quickly and must not block or do I/O. Whatever it throws is counted in
 * {@code argus_instrumentation_errors_total{hook="interaction_observer"}} and otherwise ignored.
 */
@FunctionalInterface
public interface InteractionObserver {
    /**
     * One interaction ended. An application command ends when the command did (for a deferred reply:
     * at the follow-up or edit, not at the deferral); every other interaction ends at its acknowledgement.
     *
     * @param type           the interaction type, as the {@code type} label of {@code discord_interactions_total}
     *                       ({@code slash_command}, {@code button}, ...)
     * @param command        the application command's name, as the {@code command} label; "" for other interactions
     * @param outcome        {@code success} or {@code error} for an application command; for other interactions
     *                       the {@code status} of {@code discord_interactions_total} ({@code acknowledged},
     *                       {@code failed}, {@code expired}, {@code evicted}, {@code manual}); {@code evicted}
     *                       for an application command Argus stopped timing
     * @param errorType      the error's type when it ended with one ({@code IllegalStateException},
     *                       {@code UNKNOWN_INTERACTION}, {@code no_response}), else null
     * @param receivedMillis receipt, epoch milliseconds (stamped before any bot listener ran)
     * @param endedMillis    the end, epoch milliseconds (the response's arrival as the HTTP client stamped it)
     */
    void ended(String type, String command, String outcome, String errorType, long receivedMillis, long endedMillis);
}
