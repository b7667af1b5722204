package io.pryv.sample.web;

import io.pryv.client.Event;

/**
 * An event as the live page shows it: its table row ({@link EventView}) and,
 * for the chart, its time in seconds and its numeric value. Built from the
 * event's fields, so that no read token of its attachments reaches the browser.
 *
 * @param row what the table shows
 * @param at its time, in seconds since the epoch
 * @param value its content when it is a number, else {@code null}
 * @param trashed whether it is in the trash (the page hides it)
 */
public record LiveEvent(EventView row, double at, Double value, boolean trashed) {

	/**
	 * @param event an event
	 * @return what the page shows of it
	 */
	public static LiveEvent of(Event event) {
		Double value = (event.content() != null && event.content().isNumber()) ? event.content().asDouble() : null;
		return new LiveEvent(EventView.of(event.raw()), (event.time() != null) ? event.time() : 0, value,
				event.trashed());
	}

}
