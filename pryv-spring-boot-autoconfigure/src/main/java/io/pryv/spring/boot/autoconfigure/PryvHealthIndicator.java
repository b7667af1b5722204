package io.pryv.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.pryv.client.PryvService;
import io.pryv.client.ServiceInfo;

/**
 * The {@code pryv} health: UP when the platform's service info answers and is
 * valid (fetched again on each check, so a platform that went away shows DOWN),
 * with its name, version and serial as details.
 */
public class PryvHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final PryvService service;

	/**
	 * @param service the platform to check
	 */
	public PryvHealthIndicator(PryvService service) {
		super("Pryv platform health check failed");
		this.service = service;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ServiceInfo info = this.service.reactive().info(true).block(TIMEOUT);
		builder.up().withDetail("name", info.name());
		if (info.version() != null) {
			builder.withDetail("version", info.version());
		}
		if (info.serial() != null) {
			builder.withDetail("serial", info.serial());
		}
		if (this.service.reactive().serviceInfoUrl() != null) {
			builder.withDetail("serviceInfoUrl", this.service.reactive().serviceInfoUrl());
		}
	}

}
