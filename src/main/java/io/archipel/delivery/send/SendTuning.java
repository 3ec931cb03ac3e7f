package io.archipel.delivery.send;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the workers claim, retry and pause ({@code archipel.delivery.*}). Tests pass their own (short leases, tiny
 * backoff) to {@link SendWorker} directly.
 *
 * @param batchSize      recipients claimed at once
 * @param lease          how long a claim holds before another worker may take it over (renewed while sending)
 * @param maxAttempts    attempts before a temporary failure becomes FAILED
 * @param backoffBase    the first retry waits up to this (exponential, full jitter)
 * @param backoffMax     cap of the retry wait
 * @param pauseWindow    the last attempts of a send (in this instance) the error rate is computed over
 * @param pauseThreshold the error rate (failed or temporary) above which the send pauses itself
 */
public record SendTuning(int batchSize, Duration lease, int maxAttempts, Duration backoffBase, Duration backoffMax,
        int pauseWindow, double pauseThreshold) {

    public SendTuning {
        if (batchSize < 1 || maxAttempts < 1 || pauseWindow < 1 || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("invalid delivery tuning");
        }
    }

    public SendTuning withLease(Duration newLease) {
        return new SendTuning(batchSize, newLease, maxAttempts, backoffBase, backoffMax, pauseWindow, pauseThreshold);
    }

    public SendTuning withBatchSize(int size) {
        return new SendTuning(size, lease, maxAttempts, backoffBase, backoffMax, pauseWindow, pauseThreshold);
    }

    public SendTuning withBackoff(Duration base, Duration max) {
        return new SendTuning(batchSize, lease, maxAttempts, base, max, pauseWindow, pauseThreshold);
    }

    public SendTuning withPause(int window, double threshold) {
        return new SendTuning(batchSize, lease, maxAttempts, backoffBase, backoffMax, window, threshold);
    }

    public SendTuning withMaxAttempts(int attempts) {
        return new SendTuning(batchSize, lease, attempts, backoffBase, backoffMax, pauseWindow, pauseThreshold);
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        SendTuning sendTuning(@Value("${archipel.delivery.batch-size:100}") int batchSize,
                @Value("${archipel.delivery.lease:PT2M}") Duration lease,
                @Value("${archipel.delivery.max-attempts:8}") int maxAttempts,
                @Value("${archipel.delivery.backoff.base:PT30S}") Duration backoffBase,
                @Value("${archipel.delivery.backoff.max:PT30M}") Duration backoffMax,
                @Value("${archipel.delivery.pause.window:200}") int pauseWindow,
                @Value("${archipel.delivery.pause.threshold:0.5}") double pauseThreshold) {
            return new SendTuning(batchSize, lease, maxAttempts, backoffBase, backoffMax, pauseWindow, pauseThreshold);
        }
    }
}
