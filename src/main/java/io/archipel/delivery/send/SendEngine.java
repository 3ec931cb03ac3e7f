package io.archipel.delivery.send;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the engine in this instance ({@code archipel.delivery.enabled}, default true; tests switch it off and drive
 * {@link SendStarter} and {@link SendWorker} themselves): a starter sweep every
 * {@code archipel.delivery.start-sweep} and {@code archipel.delivery.workers} worker threads (default 4) that loop
 * over the running sends, resting {@code archipel.delivery.idle} when there was nothing to do. Worker ids name the
 * instance (host, pid, random) and the thread, so leases say who holds them.
 */
@Component
@ConditionalOnProperty(name = "archipel.delivery.enabled", havingValue = "true", matchIfMissing = true)
class SendEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SendEngine.class);

    private final SendStarter starter;
    private final SendWorker worker;
    private final SendTuning tuning;
    private final int workers;
    private final long idleMillis;
    private final String instanceId;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    SendEngine(SendStarter starter, SendWorker worker, SendTuning tuning,
            @Value("${archipel.delivery.workers:4}") int workers,
            @Value("${archipel.delivery.idle:PT1S}") java.time.Duration idle) {
        this.starter = starter;
        this.worker = worker;
        this.tuning = tuning;
        this.workers = Math.max(1, workers);
        this.idleMillis = Math.max(10, idle.toMillis());
        String id = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.instanceId = id.length() > 80 ? id.substring(0, 80) : id;
    }

    @Scheduled(initialDelayString = "${archipel.delivery.start-sweep-ms:5000}",
            fixedDelayString = "${archipel.delivery.start-sweep-ms:5000}")
    void sweep() {
        if (!running) {
            return;
        }
        try {
            starter.startDue();
        } catch (RuntimeException e) {
            log.warn("Starting due campaigns failed", e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            String workerId = instanceId + "#" + i;
            Thread t = new Thread(() -> loop(workerId), "delivery-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("Delivery engine started: {} worker(s), batches of {}, lease {}", workers, tuning.batchSize(),
                tuning.lease());
    }

    private void loop(String workerId) {
        while (running) {
            int handled;
            try {
                handled = worker.processOnce(workerId, tuning);
            } catch (RuntimeException e) {
                log.warn("Delivery worker {} failed", workerId, e);
                handled = 0;
            }
            if (handled == 0) {
                try {
                    Thread.sleep(idleMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop before the web server and the data source go (the default phase of a SmartLifecycle is last to start,
        // first to stop)
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
