/**
 * Micrometer observations of the client's HTTP requests: their documentation, conventions and names.
 */
@NullMarked
package io.pryv.client.observation;

import org.jspecify.annotations.NullMarked;
