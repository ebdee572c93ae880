package io.portcullis.gateway.downstream;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

    private final AtomicLong now = new AtomicLong();

    @Test
    void tryRetryWhenReserveSpentAndNoRequestsThenRefused() {
        RetryBudget budget = new RetryBudget(new DownstreamProperties.Retry(3, 0.2, 2), this.now::get);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void tryRetryWhenRequestsEarnedThenOneRetryPerFiveRequests() {
        RetryBudget budget = new RetryBudget(new DownstreamProperties.Retry(3, 0.2, 0), this.now::get);
        for (int i = 0; i < 10; i++) {
            budget.requested();
        }
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void tryRetryWhenTimePassesThenReserveRefills() {
        RetryBudget budget = new RetryBudget(new DownstreamProperties.Retry(3, 0.2, 1), this.now::get);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
        this.now.addAndGet(1_000_000_000L);
        assertThat(budget.tryRetry()).isTrue();
    }

}
