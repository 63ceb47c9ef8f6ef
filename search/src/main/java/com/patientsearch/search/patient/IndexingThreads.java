package com.patientsearch.search.patient;

import org.hibernate.search.engine.environment.thread.spi.ThreadProvider;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hibernate Search's threads ({@code hibernate.search.thread_provider}), recognisable as such: the outbox event
 * processors and the backends' workers run on them, and open sessions of their own that no caller scope is bound to.
 * {@link IndexingConnections} gives the connections taken on these threads every clinic, so row-level security lets
 * the indexing read the patients it indexes; request threads are never these.
 */
final class IndexingThreads implements ThreadProvider {

    private static final class IndexingThread extends Thread {
        IndexingThread(Runnable runnable, String name) {
            super(runnable, name);
        }
    }

    /** Whether the current thread is one of Hibernate Search's. */
    static boolean current() {
        return Thread.currentThread() instanceof IndexingThread;
    }

    @Override
    public String createThreadName(String prefix, int threadNumber) {
        return "Hibernate Search - " + prefix + " - " + threadNumber;
    }

    @Override
    public ThreadFactory createThreadFactory(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> new IndexingThread(runnable, createThreadName(prefix, number.getAndIncrement()));
    }
}
