package io.pryv.client.socket;

/**
 * A change notification of the platform, received over a {@link ReactivePryvSocket}:
 * something changed in the user's data, without saying what (the platform sends
 * no payload). Fetch what you need again, or let a
 * {@link io.pryv.client.monitor.PryvMonitor} do it.
 *
 * @param kind what changed
 * @param name the notification's name as the platform sent it, e.g. {@code eventsChanged}
 */
public record PryvChange(Kind kind, String name) {

	/** What a notification is about. */
	public enum Kind {

		/** {@code eventsChanged}: events were created, changed or deleted. */
		EVENTS,

		/** {@code streamsChanged}: the stream tree changed. */
		STREAMS,

		/** {@code accessesChanged} (older platforms: {@code accessUpdated}): accesses changed. */
		ACCESSES,

		/** Any other notification, e.g. {@code notificationsChanged}. */
		OTHER

	}

	/**
	 * The change a notification stands for.
	 * @param name the notification's name
	 * @return the change
	 */
	public static PryvChange of(String name) {
		Kind kind = switch (name) {
			case "eventsChanged" -> Kind.EVENTS;
			case "streamsChanged" -> Kind.STREAMS;
			case "accessesChanged", "accessUpdated" -> Kind.ACCESSES;
			default -> Kind.OTHER;
		};
		return new PryvChange(kind, name);
	}

}
