package io.portcullis.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownDrainTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShutdownDrainAutoConfiguration.class))
        .withUserConfiguration(Recorder.class);

    @Test
    void whenTheContextClosesThenReadinessRefusesTrafficAndTheWebServerStopsOnlyAfterTheDrain() {
        Timeline timeline = new Timeline();
        this.contexts.withPropertyValues("portcullis.shutdown.drain=400ms")
            .withBean(Timeline.class, () -> timeline)
            .run((context) -> assertThat(context).hasSingleBean(ShutdownDrain.class));

        assertThat(timeline.events).containsExactly("refusing traffic", "web server stopped");
        long drained = timeline.webServerStoppedAt - timeline.refusingAt;
        assertThat(drained).as("ms between refusing traffic and the web server's stop").isGreaterThanOrEqualTo(390);
    }

    @Test
    void whenTheDrainIsZeroThenTheWebServerStopsAtOnce() {
        Timeline timeline = new Timeline();
        long closing = System.nanoTime();
        this.contexts.withPropertyValues("portcullis.shutdown.drain=0s")
            .withBean(Timeline.class, () -> timeline)
            .run((context) -> assertThat(context).hasSingleBean(ShutdownDrain.class));

        assertThat(timeline.events).containsExactly("web server stopped");
        assertThat(timeline.webServerStoppedAt - closing / 1_000_000).isLessThan(2_000);
    }

    @Test
    void whenNothingIsSaidThenTheDrainIsTwoSeconds() {
        Timeline timeline = new Timeline();
        this.contexts.withBean(Timeline.class, () -> timeline).run((context) -> {
        });

        assertThat(timeline.webServerStoppedAt - timeline.refusingAt).isGreaterThanOrEqualTo(1_990);
    }

    @Test
    void whenTheContextIsPausedAndRestartedThenItNeitherRefusesTrafficNorDrains() {
        Timeline timeline = new Timeline();
        this.contexts.withPropertyValues("portcullis.shutdown.drain=2s")
            .withBean(Timeline.class, () -> timeline)
            .run((context) -> {
                long pausing = System.nanoTime();
                context.getSourceApplicationContext().pause();
                context.getSourceApplicationContext().restart();

                assertThat(timeline.events).doesNotContain("refusing traffic");
                assertThat((System.nanoTime() - pausing) / 1_000_000).isLessThan(1_500);
            });
    }

    @Test
    void whenTheContextIsStoppedAndStartedAgainThenReadinessAcceptsTrafficAgain() {
        Timeline timeline = new Timeline();
        this.contexts.withPropertyValues("portcullis.shutdown.drain=100ms")
            .withBean(Timeline.class, () -> timeline)
            .run((context) -> {
                context.getSourceApplicationContext().stop();
                context.getSourceApplicationContext().start();

                assertThat(timeline.events).containsSubsequence("refusing traffic", "accepting traffic");
            });
    }

    static final class Timeline {

        final List<String> events = new CopyOnWriteArrayList<>();

        volatile long refusingAt;

        volatile long webServerStoppedAt;

    }

    /** Stands for the web server's graceful shutdown (a lower phase) and for the readiness probe. */
    @Configuration(proxyBeanMethods = false)
    static class Recorder {

        @Bean
        ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readiness(Timeline timeline) {
            return (event) -> {
                if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                    timeline.events.add("accepting traffic");
                }
                if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
                    timeline.refusingAt = System.nanoTime() / 1_000_000;
                    timeline.events.add("refusing traffic");
                }
            };
        }

        @Bean
        SmartLifecycle webServer(Timeline timeline) {
            return new SmartLifecycle() {

                private volatile boolean running;

                @Override
                public void start() {
                    this.running = true;
                }

                @Override
                public void stop() {
                    this.running = false;
                    timeline.webServerStoppedAt = System.nanoTime() / 1_000_000;
                    timeline.events.add("web server stopped");
                }

                @Override
                public boolean isRunning() {
                    return this.running;
                }

                @Override
                public int getPhase() {
                    return SmartLifecycle.DEFAULT_PHASE - 1024;
                }
            };
        }

    }

}
