package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event object of the recorded answers of a real platform
 * ({@code ../shared/fixtures/open-pryv-2.0/}), in the compact form a server
 * sends: the shapes the pass-through tests run over.
 */
final class RecordedEventShapes {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String[] FIXTURES_WITH_EVENTS = { "events-get", "events-get-deletions", "event-update",
			"attachment-create", "batch-create", "hf-event-create" };

	private RecordedEventShapes() {
	}

	/** @return each event of the recorded answers as compact JSON; some have attachments with read tokens */
	static List<String> all() {
		List<String> events = new ArrayList<>();
		for (String name : FIXTURES_WITH_EVENTS) {
			collectEvents(PryvFixture.load(name).responseJson(PryvFixture.RECORDED_BASE), events);
		}
		assertThat(events).hasSizeGreaterThan(5);
		assertThat(events).anyMatch((event) -> event.contains("\"readToken\""));
		return events;
	}

	private static void collectEvents(JsonNode node, List<String> events) {
		if (node == null) {
			return;
		}
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals("event") && entry.getValue().isObject()) {
					events.add(MAPPER.writeValueAsString(entry.getValue()));
				}
				else if (entry.getKey().equals("events") && entry.getValue().isArray()) {
					entry.getValue().forEach((event) -> events.add(MAPPER.writeValueAsString(event)));
				}
				else {
					collectEvents(entry.getValue(), events);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach((item) -> collectEvents(item, events));
		}
	}

}
