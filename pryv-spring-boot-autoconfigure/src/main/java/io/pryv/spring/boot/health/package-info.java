/**
 * Actuator health of a Pryv platform: {@link io.pryv.spring.boot.health.PryvReactiveHealthIndicator}.
 */
@NullMarked
package io.pryv.spring.boot.health;

import org.jspecify.annotations.NullMarked;
