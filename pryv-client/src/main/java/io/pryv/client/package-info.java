/**
 * The Pryv client: service info, authentication flows, connections and the API calls, events, streams
 * and attachments they exchange, on Spring WebFlux's {@code WebClient} without Spring Boot.
 */
@NullMarked
package io.pryv.client;

import org.jspecify.annotations.NullMarked;
