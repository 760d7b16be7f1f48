package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;

import java.util.List;

/** Writes batches to the analytics store; used only by the sink's worker thread. */
interface BatchWriter extends AutoCloseable {

    /** Creates or migrates the table; called before the first write and after reconnects. */
    void prepare() throws Exception;

    /** Writes the whole batch or throws. */
    void write(List<AnalyticsEvent> batch) throws Exception;

    /** True when the store answers at all (distinguishes "store down" from "this batch is bad"). */
    boolean reachable();

    @Override
    void close();
}
