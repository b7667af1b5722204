package io.pryv.spring.boot.autoconfigure;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.reactive.function.client.WebClient;

import io.pryv.client.PryvWarmup;

/**
 * Once the application is ready, warms the Pryv client up on a background
 * thread ({@link PryvWarmup}), so that a fresh server's first user does not
 * pay for loading and first running the client's code. Off with
 * {@code pryv.warmup.enabled=false}.
 */
final class PryvWarmupListener implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(PryvWarmupListener.class);

	private final Supplier<WebClient.Builder> webClientBuilder;

	/**
	 * @param webClientBuilder a builder like the one of Pryv's {@code WebClient}
	 * (cloned here, observations off: the warm-up leaves no trace in the metrics)
	 */
	PryvWarmupListener(WebClient.Builder webClientBuilder) {
		this(() -> webClientBuilder);
	}

	/**
	 * @param webClientBuilder supplies a builder like the one of Pryv's {@code WebClient},
	 * asked for on the warm-up's thread (not at startup)
	 */
	PryvWarmupListener(Supplier<WebClient.Builder> webClientBuilder) {
		this.webClientBuilder = webClientBuilder;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread thread = new Thread(this::warmUp, "pryv-warmup");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	/** @return whether the warm-up completed */
	boolean warmUp() {
		long start = System.nanoTime();
		WebClient webClient;
		try {
			webClient = this.webClientBuilder.get().clone().observationRegistry(ObservationRegistry.NOOP).build();
		}
		catch (RuntimeException ex) {
			// e.g. the application closed right after it was ready: nothing to warm up
			logger.debug("Pryv client warm-up skipped: " + ex.getMessage());
			return false;
		}
		boolean done = PryvWarmup.run(webClient);
		if (logger.isDebugEnabled()) {
			logger.debug("Pryv client warm-up " + (done ? "done" : "skipped") + " in "
					+ (System.nanoTime() - start) / 1_000_000 + " ms");
		}
		return done;
	}

}
