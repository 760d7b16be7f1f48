package argus.core.jda;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import net.dv8tion.jda.api.requests.Route;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Wraps JDA's rate limiter (RestConfig's extension point) to see every raw response, including the
 * 429s JDA retries on its own and which never reach an {@code HttpRequestEvent}. It only reads the
 * status and two headers; scheduling stays entirely JDA's.
 */
public final class ObservingRateLimiter implements RestRateLimiter {
    /**
     * Hooks per JDA instance: the rate limiter is built before Argus attaches, so it looks them up.
     * Weak keys: a shard that a ShardManager restart replaced is never unbound, and must not be kept.
     * The lookup runs once per REST response (tens per second at most, Discord's limits), not per event.
     */
    private static final Map<JDA, BotHooks> HOOKS = Collections.synchronizedMap(new WeakHashMap<>());

    private final RestRateLimiter delegate;

    public ObservingRateLimiter(RestRateLimiter delegate) {
        this.delegate = delegate;
    }

    /** {@code config} with its rate limiter factory wrapped, once: a config observed twice is left as it is. */
    public static RestConfig observe(RestConfig config) {
        var factory = config.getRateLimiterFactory();
        if (factory instanceof ObservingFactory) {
            return config;
        }
        return config.setRateLimiterFactory(new ObservingFactory(factory));
    }

    /** Marks a factory as Argus' own, so that wrapping is idempotent. */
    private record ObservingFactory(Function<? super RestRateLimiter.RateLimitConfig, ? extends RestRateLimiter> delegate)
            implements Function<RestRateLimiter.RateLimitConfig, RestRateLimiter> {
        @Override
        public RestRateLimiter apply(RestRateLimiter.RateLimitConfig config) {
            return new ObservingRateLimiter(delegate.apply(config));
        }
    }

    public static void bind(JDA jda, BotHooks hooks) {
        HOOKS.put(jda, hooks);
    }

    public static void unbind(JDA jda, BotHooks hooks) {
        synchronized (HOOKS) {
            if (HOOKS.get(jda) == hooks) {
                HOOKS.remove(jda);
            }
        }
    }

    @Override
    public void enqueue(Work task) {
        delegate.enqueue(new ObservedWork(task));
    }

    @Override
    public void stop(boolean shutdown, Runnable callback) {
        delegate.stop(shutdown, callback);
    }

    @Override
    public boolean isStopped() {
        return delegate.isStopped();
    }

    @Override
    public int cancelRequests() {
        return delegate.cancelRequests();
    }

    private static final class ObservedWork implements Work {
        private final Work work;

        ObservedWork(Work work) {
            this.work = work;
        }

        @Override
        public Route.CompiledRoute getRoute() {
            return work.getRoute();
        }

        @Override
        public JDA getJDA() {
            return work.getJDA();
        }

        @Override
        public okhttp3.Response execute() {
            okhttp3.Response response = work.execute();
            if (response != null) {
                BotHooks hooks = HOOKS.get(work.getJDA());
                if (hooks != null) {
                    hooks.onRawResponse(response);
                }
            }
            return response;
        }

        @Override
        public boolean isSkipped() {
            return work.isSkipped();
        }

        @Override
        public boolean isDone() {
            return work.isDone();
        }

        @Override
        public boolean isPriority() {
            return work.isPriority();
        }

        @Override
        public boolean isCancelled() {
            return work.isCancelled();
        }

        @Override
        public void cancel() {
            work.cancel();
        }
    }
}
