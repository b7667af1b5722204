package io.pryv.client.monitor;

import java.util.List;

import io.pryv.client.Event;
import io.pryv.client.EventDeletion;
import io.pryv.client.Stream;

/**
 * What a {@link PryvMonitor} delivers, in order: events in its scope as they
 * are loaded or change, deletions, the stream tree when it changes, {@link Ready}
 * when it caught up, and errors (after which it keeps going). The counterparts
 * of lib-js's monitor events {@code event}, {@code eventDelete}, {@code streams},
 * {@code ready} and {@code error}.
 */
public sealed interface MonitorChange {

	/**
	 * An event of the scope was loaded, created or changed (trashed ones too,
	 * with {@link Event#trashed()}).
	 * @param event the event as it is now
	 */
	record EventChanged(Event event) implements MonitorChange {
	}

	/**
	 * An event of the scope was deleted.
	 * @param deletion its deletion trace (id and time)
	 */
	record EventDeleted(EventDeletion deletion) implements MonitorChange {
	}

	/**
	 * The stream tree was loaded or changed.
	 * @param streams the root streams, each with its children
	 */
	record StreamsChanged(List<Stream> streams) implements MonitorChange {

		public StreamsChanged {
			streams = List.copyOf(streams);
		}

	}

	/** The monitor caught up: the initial load, or an update with nothing more queued, is done. */
	record Ready() implements MonitorChange {
	}

	/**
	 * An update failed (the platform could not be reached, refused the token...);
	 * the monitor goes on and tries again at the next trigger.
	 * @param error what went wrong (a {@link io.pryv.client.PryvException} as a rule)
	 */
	record MonitorError(Throwable error) implements MonitorChange {
	}

}
