/**
 * Server-side Pryv login state for servlet web apps: where the pending auth
 * request and the user's login are kept (HTTP session by default), and the
 * {@code PryvConnection} controller argument.
 */
@NullMarked
package io.pryv.spring.web;

import org.jspecify.annotations.NullMarked;
