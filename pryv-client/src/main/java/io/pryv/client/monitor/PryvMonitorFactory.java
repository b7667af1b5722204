package io.pryv.client.monitor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.socket.PryvSocketOptions;

/**
 * Makes monitors that all update the same way: every {@code interval}, and,
 * when socket options are given, on the platform's notifications over a socket
 * each monitor opens (the timer then being the fallback while it is down). The
 * starter auto-configures one from {@code pryv.monitor.*}.
 */
public final class PryvMonitorFactory {

	private final @Nullable Duration interval;

	private final @Nullable PryvSocketOptions socketOptions;

	/**
	 * @param interval how often to update (the fallback when a socket is used), or {@code null} for no timer
	 * @param socketOptions how each monitor opens its socket, or {@code null} for no socket
	 */
	public PryvMonitorFactory(@Nullable Duration interval, @Nullable PryvSocketOptions socketOptions) {
		this.interval = interval;
		this.socketOptions = socketOptions;
	}

	/**
	 * A builder already set up as this factory says, for more settings.
	 * @param connection the connection to monitor
	 * @param scope the events to keep up to date
	 * @return the builder
	 */
	public PryvMonitor.Builder builder(ReactivePryvConnection connection, EventsQuery scope) {
		PryvMonitor.Builder builder = PryvMonitor.builder(connection, scope).interval(this.interval);
		return (this.socketOptions != null) ? builder.openSocket(this.socketOptions) : builder;
	}

	/**
	 * @param connection the connection to monitor
	 * @param scope the events to keep up to date
	 * @return a monitor, not started
	 */
	public PryvMonitor create(ReactivePryvConnection connection, EventsQuery scope) {
		return builder(connection, scope).build();
	}

	/**
	 * @param connection the connection to monitor
	 * @param scope the events to keep up to date
	 * @return a monitor, not started
	 */
	public PryvMonitor create(PryvConnection connection, EventsQuery scope) {
		return builder(connection.reactive(), scope).build();
	}

	/** @return the update interval, or {@code null} for none */
	public @Nullable Duration interval() {
		return this.interval;
	}

	/** @return whether monitors open a socket */
	public boolean usesSocket() {
		return this.socketOptions != null;
	}

	@Override
	public String toString() {
		return "PryvMonitorFactory[interval=" + this.interval + ", socket=" + usesSocket() + "]";
	}

}
