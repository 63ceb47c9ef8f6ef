package com.patientsearch.app.bulk;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One producer thread (generating or parsing rows) feeding the calling thread (writing them to the database)
 * through a short queue: the two overlap, and at most {@code depth + 2} chunks are ever in memory.
 */
public final class ChunkPipeline {

    /** Produces the next chunk, or null when there are no more. */
    @FunctionalInterface
    public interface Producer<C> {
        C next() throws Exception;
    }

    @FunctionalInterface
    public interface Writer<C> {
        void write(C chunk) throws Exception;
    }

    private static final Object END = new Object();

    private ChunkPipeline() {
    }

    @SuppressWarnings("unchecked")
    public static <C> void run(String name, int depth, Producer<C> producer, Writer<C> writer) throws Exception {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(depth);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                C chunk;
                while ((chunk = producer.next()) != null) {
                    queue.put(chunk);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                failure.set(e);
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                Object item = queue.take();
                if (item == END) {
                    break;
                }
                writer.write((C) item);
            }
            Throwable error = failure.get();
            if (error instanceof Exception e) {
                throw e;
            } else if (error != null) {
                throw new IllegalStateException(name + " failed", error);
            }
        } finally {
            // On a write failure the producer may be blocked on a full queue: interrupt it.
            thread.interrupt();
            thread.join();
        }
    }
}
