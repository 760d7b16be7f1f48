package argus.api.health;

import java.util.Objects;

/**
 * The state of one Argus subsystem (server, sink, …) as shown in
 * {@code argus_subsystem_up{subsystem}} and on {@code /healthz}.
 *
 * @param up     whether the subsystem does its job right now
 * @param detail a short human reason, never containing credentials
 */
public record Health(boolean up, String detail) {
    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
