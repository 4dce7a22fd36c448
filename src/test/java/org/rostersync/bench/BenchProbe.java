package org.rostersync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.sql.DataSource;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * What a scenario costs besides time: SQL statements sent by the import threads (counted by datasource-proxy; a
 * batch counts each of its statements) and heap (sampled every 5 ms, and the live heap after each collection).
 */
final class BenchProbe implements BeanPostProcessor {

    static final BenchProbe INSTANCE = new BenchProbe();

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
            .map(java.lang.management.MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");
    /** With {@code -Dbench.trace=true}: per distinct statement, how often it ran and its total milliseconds. */
    final java.util.Map<String, long[]> traced = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private BenchProbe() {
        Thread sampler = new Thread(() -> {
            while (true) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) notification.getUserData()).getGcInfo();
                    long used = info.getMemoryUsageAfterGc().entrySet().stream()
                            .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                            .mapToLong(pool -> pool.getValue().getUsed()).sum();
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }

    void reset() {
        System.gc();
        statements.set(0);
        traced.clear();
        peakUsed.set(memory.getHeapMemoryUsage().getUsed());
        peakAfterGc.set(0);
    }

    long statements() {
        return statements.get();
    }

    long peakUsedMb() {
        return peakUsed.get() >> 20;
    }

    long peakAfterGcMb() {
        return peakAfterGc.get() >> 20;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && beanName.equals("dataSource")) {
            QueryExecutionListener counter = new QueryExecutionListener() {
                @Override
                public void beforeQuery(net.ttddyy.dsproxy.ExecutionInfo info,
                        java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
                }

                @Override
                public void afterQuery(net.ttddyy.dsproxy.ExecutionInfo info,
                        java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
                    // the benchmark's uploads run on main; the runs themselves on the import threads
                    if (!Thread.currentThread().getName().equals("main")) {
                        statements.addAndGet(info.isBatch() ? Math.max(1, info.getBatchSize()) : 1);
                        if (TRACE) {
                            for (var q : queries) {
                                long[] seen = traced.computeIfAbsent(q.getQuery().replaceAll("\\s+", " "),
                                        k -> new long[2]);
                                synchronized (seen) {
                                    seen[0]++;
                                    seen[1] += info.getElapsedTime() / queries.size();
                                }
                            }
                        }
                    }
                }
            };
            return ProxyDataSourceBuilder.create(dataSource).name("bench").listener(counter).build();
        }
        return bean;
    }
}
