/**
 * Monitors that watch a Pryv connection for changes to its events and streams and report them.
 */
@NullMarked
package io.pryv.client.monitor;

import org.jspecify.annotations.NullMarked;
