package io.pryv.client;

import java.util.List;
import java.util.function.Consumer;

/** Hands the items of a parsed {@code events.get} chunk to their consumers. */
final class EventItems {

	private EventItems() {
	}

	/** @return the events of a chunk from a parser that does not emit deletions (all its items are events) */
	static Iterable<Event> events(List<Object> items) {
		@SuppressWarnings("unchecked")
		List<Event> events = (List<Event>) (List<?>) items;
		return events;
	}

	static void dispatch(List<Object> items, Consumer<Event> onEvent, Consumer<EventDeletion> onDeletion) {
		for (Object item : items) {
			if (item instanceof Event event) {
				onEvent.accept(event);
			}
			else if (onDeletion != null) {
				onDeletion.accept((EventDeletion) item);
			}
		}
	}

}
