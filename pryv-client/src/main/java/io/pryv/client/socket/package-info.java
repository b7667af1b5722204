/**
 * Pryv's Socket.IO notifications: the socket, its options, states and the changes it reports.
 */
@NullMarked
package io.pryv.client.socket;

import org.jspecify.annotations.NullMarked;
