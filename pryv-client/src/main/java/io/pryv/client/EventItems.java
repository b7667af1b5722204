package io.pryv.client;

import java.util.List;
import java.util.function.Consumer;

/** Hands the items of a parsed {@code events.get} chunk to their consumers. */
final class EventItems {

	private EventItems() {
	}

	/** The failure of a stream, handed over after the items that came before it. */
	record Failure(Throwable error) {

		void rethrow() {
			if (this.error instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (this.error instanceof Error fatal) {
				throw fatal;
			}
			throw new PryvClientException("Pryv events stream failed: " + this.error.getMessage(), this.error);
		}

	}

	static void dispatch(List<Object> items, Consumer<Event> onEvent, Consumer<EventDeletion> onDeletion) {
		for (Object item : items) {
			if (item instanceof Event event) {
				onEvent.accept(event);
			}
			else if (item instanceof Failure failure) {
				failure.rethrow();
			}
			else if (onDeletion != null) {
				onDeletion.accept((EventDeletion) item);
			}
		}
	}

}
