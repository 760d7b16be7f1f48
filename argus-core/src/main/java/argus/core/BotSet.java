package argus.core;

import argus.core.jda.BotTarget;
import net.dv8tion.jda.api.JDA;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every bot one Argus observes, read live: usually the one JDA or ShardManager given to the
 * builder; in OSGi, each JDA/ShardManager service as it comes and goes. The cache gauges and the
 * housekeeping read {@link #shards()} at scrape/pass time, so bots join and leave without
 * re-registering anything. Shard watchers apply to every member, including members added later.
 */
final class BotSet extends BotTarget {
    /** A member and how to remove each watcher from it. */
    private record Member(BotTarget bot, Map<Object, Runnable> stops) {
    }

    private final CopyOnWriteArrayList<Member> members = new CopyOnWriteArrayList<>();
    private final List<Object> watchers = new ArrayList<>(); // guarded by this

    /** Adds a bot; returns how to remove it (which also removes the watchers from it). */
    synchronized Runnable add(BotTarget bot) {
        Member member = new Member(bot, new IdentityHashMap<>());
        for (Object watcher : watchers) {
            member.stops().put(watcher, bot.watchNewShards(watcher));
        }
        members.add(member);
        return () -> {
            synchronized (this) {
                if (members.remove(member)) {
                    member.stops().values().forEach(Runnable::run);
                    member.stops().clear();
                }
            }
        };
    }

    @Override
    public List<JDA> shards() {
        List<JDA> all = new ArrayList<>();
        for (Member m : members) {
            all.addAll(m.bot().shards());
        }
        return all;
    }

    @Override
    public int shardsConfigured() {
        int total = 0;
        for (Member m : members) {
            total += m.bot().shardsConfigured();
        }
        return total;
    }

    @Override
    public synchronized Runnable watchNewShards(Object listener) {
        watchers.add(listener);
        for (Member m : members) {
            m.stops().put(listener, m.bot().watchNewShards(listener));
        }
        return () -> {
            synchronized (this) {
                watchers.remove(listener);
                for (Member m : members) {
                    Runnable stop = m.stops().remove(listener);
                    if (stop != null) {
                        stop.run();
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        List<Member> now = List.copyOf(members);
        return now.size() == 1 ? now.get(0).bot().toString() : now.size() + " bots";
    }
}
