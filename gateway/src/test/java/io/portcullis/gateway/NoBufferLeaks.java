package io.portcullis.gateway;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class after which Netty reports a buffer that was never released.
 * <p>
 * The tests track every buffer (paranoid leak detection), but Netty reports a lost buffer only once the garbage
 * collector has found it and another buffer is allocated, which a short test run may never bring about: a leak was
 * then at most a log line nobody read. After each class the collector is run and buffers allocated until Netty has
 * reported what it found. A report can belong to an earlier class (the gateway's context is shared); its records
 * say where the buffer was made and used.
 */
public final class NoBufferLeaks implements AfterAllCallback {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        detector().setLeakListener((type, records) -> LEAKS.add(type + " " + records));
    }

    /** Runs the collector and allocates until Netty has reported the buffers it found lost. */
    public static void collect() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            // the detector looks for collected buffers when the next one is tracked
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
            ByteBufAllocator.DEFAULT.heapBuffer(1).release();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        collect();
        List<String> found = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            found.add(leak);
        }
        assertThat(found).as("buffers never released, found after %s", context.getDisplayName()).isEmpty();
    }

    private static ResourceLeakDetector<?> detector() {
        try {
            // the one detector of every ByteBuf, which Netty keeps to itself
            Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
            field.setAccessible(true);
            return (ResourceLeakDetector<?>) field.get(null);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("Netty's buffer leak detector is not where it was: " + ex, ex);
        }
    }

}
