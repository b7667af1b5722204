package io.pryv.spring.boot.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvService;
import io.pryv.client.ServiceInfo;

/**
 * The {@code pryv} health, without blocking: UP when the platform's service
 * info answers and is valid, with its name, version and serial as details. An
 * UP answer is kept for a while ({@link #DEFAULT_TIME_TO_LIVE}), so that frequent
 * probes do not each fetch the service info; after that, or after a failed
 * check, the service info is fetched again, so a platform that went away shows
 * DOWN and one that came back shows UP. How long a check may wait is the Pryv
 * client's ({@code pryv.http.*} timeouts and retries).
 */
public class PryvReactiveHealthIndicator extends AbstractReactiveHealthIndicator {

	/** How long an UP check is reused: 10 seconds. */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(10);

	private final ReactivePryvService service;

	private final Duration timeToLive;

	private final Clock clock;

	private final AtomicReference<@Nullable CachedUp> lastUp = new AtomicReference<>();

	/**
	 * @param service the platform to check
	 */
	public PryvReactiveHealthIndicator(PryvService service) {
		this(service.reactive());
	}

	/**
	 * @param service the platform to check
	 */
	public PryvReactiveHealthIndicator(ReactivePryvService service) {
		this(service, DEFAULT_TIME_TO_LIVE, Clock.systemUTC());
	}

	/**
	 * @param service the platform to check
	 * @param timeToLive how long an UP check is reused ({@link Duration#ZERO}: never)
	 * @param clock the clock that times it
	 */
	public PryvReactiveHealthIndicator(ReactivePryvService service, Duration timeToLive, Clock clock) {
		super("Pryv platform health check failed");
		this.service = service;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		CachedUp cached = this.lastUp.get();
		if (cached != null && this.clock.instant().isBefore(cached.until())) {
			return Mono.just(cached.health());
		}
		return this.service.info(true).map((info) -> {
			Health health = up(builder, info);
			this.lastUp.set(new CachedUp(health, this.clock.instant().plus(this.timeToLive)));
			return health;
		}).doOnError((ex) -> this.lastUp.set(null));
	}

	/** An UP health and until when it stands. */
	private record CachedUp(Health health, Instant until) {
	}

	private Health up(Health.Builder builder, ServiceInfo info) {
		builder.up().withDetail("name", info.name());
		if (info.version() != null) {
			builder.withDetail("version", info.version());
		}
		if (info.serial() != null) {
			builder.withDetail("serial", info.serial());
		}
		if (this.service.serviceInfoUrl() != null) {
			builder.withDetail("serviceInfoUrl", this.service.serviceInfoUrl());
		}
		return builder.build();
	}

}
