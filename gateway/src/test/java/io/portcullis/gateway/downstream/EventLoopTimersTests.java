package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A timeout set on an event loop fires on that loop, a timer disposed there never runs, and a timer set anywhere
 * else (another thread, a Netty executor that is no channel's loop, a loop shutting down) still fires, on Reactor's
 * parallel scheduler.
 */
class EventLoopTimersTests {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final EventLoop loop = this.loops.next();

    @AfterEach
    void stopLoops() {
        this.loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void timeoutWhenSetOnAnEventLoopThenSignalledOnThatLoop() throws Exception {
        Thread loopThread = this.loop.submit(Thread::currentThread).get();

        CompletableFuture<Thread> signalled = timedOutOn(this.loop::execute);

        assertThat(signalled.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
    }

    @Test
    void timeoutWhenSetOffAnEventLoopThenSignalledByTheParallelScheduler() throws Exception {
        CompletableFuture<Thread> signalled = timedOutOn(Runnable::run);

        assertThat(signalled.get(5, TimeUnit.SECONDS).getName()).startsWith("parallel-");
    }

    @Test
    void timeoutWhenSetOnANettyExecutorThatIsNoChannelLoopThenSignalledByTheParallelScheduler() throws Exception {
        EventExecutor executor = new DefaultEventExecutor();
        try {
            CompletableFuture<Thread> signalled = timedOutOn(executor::execute);

            assertThat(signalled.get(5, TimeUnit.SECONDS).getName()).startsWith("parallel-");
        }
        finally {
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void timeoutWhenTheLoopIsShuttingDownThenSignalledByTheParallelScheduler() throws Exception {
        this.loops.shutdownGracefully(2, 5, TimeUnit.SECONDS);

        CompletableFuture<Thread> signalled = timedOutOn(this.loop::execute);

        assertThat(signalled.get(5, TimeUnit.SECONDS).getName()).startsWith("parallel-");
    }

    @Test
    void scheduleWhenDisposedOnTheLoopThenNeverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Disposable> timer = new AtomicReference<>();
        this.loop.submit(() -> {
            timer.set(EventLoopTimers.INSTANCE.schedule(() -> ran.set(true), 50, TimeUnit.MILLISECONDS));
            timer.get().dispose();
        }).get();
        CountDownLatch later = new CountDownLatch(1);
        this.loop.schedule(later::countDown, 200, TimeUnit.MILLISECONDS);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
        assertThat(timer.get().isDisposed()).isTrue();
    }

    @Test
    void timeoutWhenAnsweredInTimeThenNoTimeout() throws Exception {
        CompletableFuture<Object> answered = new CompletableFuture<>();
        this.loop.execute(() -> Mono.delay(Duration.ofMillis(10))
            .timeout(Duration.ofMillis(500), Mono.error(new TimeoutException()), EventLoopTimers.INSTANCE)
            .subscribe(answered::complete, answered::completeExceptionally));

        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(0L);
    }

    /** The thread on which a timeout of 20 ms, set by a subscription on {@code where}, was signalled. */
    private static CompletableFuture<Thread> timedOutOn(java.util.concurrent.Executor where) {
        CompletableFuture<Thread> signalled = new CompletableFuture<>();
        where.execute(() -> Mono.never()
            .timeout(Duration.ofMillis(20), Mono.error(new TimeoutException()), EventLoopTimers.INSTANCE)
            .subscribe(null, (error) -> {
                if (error instanceof TimeoutException) {
                    signalled.complete(Thread.currentThread());
                }
                else {
                    signalled.completeExceptionally(error);
                }
            }));
        return signalled;
    }

}
