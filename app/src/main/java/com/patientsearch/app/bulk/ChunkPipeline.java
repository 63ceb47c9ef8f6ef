package com.patientsearch.app.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One producer thread (generating or parsing rows) feeding one or more writers (writing them to the database)
 * through a short queue: producing and writing overlap, and at most {@code depth + writers + 1} chunks are ever in
 * memory. The calling thread is the first writer; with more than one, chunks are written concurrently and may
 * finish out of order.
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

    public static <C> void run(String name, int depth, Producer<C> producer, Writer<C> writer) throws Exception {
        run(name, depth, 1, producer, writer);
    }

    /**
     * The first failure (producer's or a writer's) is thrown once every writer has stopped: a writer busy with a
     * chunk when another fails finishes that chunk, and no writer takes a new one.
     */
    public static <C> void run(String name, int depth, int writers, Producer<C> producer, Writer<C> writer)
            throws Exception {
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
                failure.compareAndSet(null, e);
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        List<Thread> others = new ArrayList<>();
        try {
            Runnable drain = () -> writeAll(queue, writer, failure, thread);
            for (int i = 1; i < writers; i++) {
                Thread other = new Thread(drain, name + "-writer-" + i);
                other.setDaemon(true);
                other.start();
                others.add(other);
            }
            drain.run();
            for (Thread other : others) {
                other.join();
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
            for (Thread other : others) {
                other.interrupt();
                other.join();
            }
        }
    }

    private static <C> void writeAll(BlockingQueue<Object> queue, Writer<C> writer, AtomicReference<Throwable> failure,
                                     Thread producer) {
        try {
            while (true) {
                Object item = queue.take();
                if (item == END || failure.get() != null) {
                    queue.offer(END); // wakes the next writer: the producer puts END once
                    return;
                }
                @SuppressWarnings("unchecked")
                C chunk = (C) item;
                writer.write(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            // the producer may be blocked on a full queue, the other writers on an empty one
            producer.interrupt();
            queue.clear();
            queue.offer(END);
        }
    }
}
