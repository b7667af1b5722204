/**
 * Server-side Pryv login state for reactive (Spring WebFlux) web apps: where the
 * pending auth request and the user's login are kept ({@code WebSession} by
 * default), and the {@code ReactivePryvConnection} controller argument. The
 * reactive counterparts of {@code io.pryv.spring.web}, storing the same
 * records under the same attribute names.
 */
@NullMarked
package io.pryv.spring.web.server;

import org.jspecify.annotations.NullMarked;
