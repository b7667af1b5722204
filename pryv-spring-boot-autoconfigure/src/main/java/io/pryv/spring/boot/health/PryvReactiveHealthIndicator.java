package io.pryv.spring.boot.health;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvService;
import io.pryv.client.ServiceInfo;

/**
 * The {@code pryv} health, without blocking: UP when the platform's service
 * info answers and is valid (fetched again on each check, so a platform that
 * went away shows DOWN), with its name, version and serial as details. How long a
 * check may wait is the Pryv client's ({@code pryv.http.*} timeouts).
 */
public class PryvReactiveHealthIndicator extends AbstractReactiveHealthIndicator {

	private final ReactivePryvService service;

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
		super("Pryv platform health check failed");
		this.service = service;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return this.service.info(true).map((info) -> up(builder, info));
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
