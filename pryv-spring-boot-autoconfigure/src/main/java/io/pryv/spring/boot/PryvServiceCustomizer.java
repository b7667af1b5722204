package io.pryv.spring.boot;

import io.pryv.client.PryvService;

/**
 * Customizes the {@link PryvService.Builder} of the auto-configured
 * {@link PryvService} (observation registry, JSON mapper, ...). Beans of this
 * type are applied in {@code @Order} after the properties.
 */
@FunctionalInterface
public interface PryvServiceCustomizer {

	/**
	 * @param builder the builder of the auto-configured service
	 */
	void customize(PryvService.Builder builder);

}
