package io.pryv.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventsQueryTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void encodesStreamIdsAsRepeatedKeys() {
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		assertThat(QueryString.encode(query.toQuery(), MAPPER)).isEqualTo("streams=heart&limit=10");
	}

	@Test
	void encodesStreamQueriesAsOneJsonValue() {
		EventsQuery query = EventsQuery.builder()
			.streams(List.of(Map.of("any", List.of("a", "b")), Map.of("all", List.of("c"))))
			.build();
		assertThat(QueryString.encode(query.toQuery(), MAPPER))
			.isEqualTo("streams=" + java.net.URLEncoder.encode("[{\"any\":[\"a\",\"b\"]},{\"all\":[\"c\"]}]",
					java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void allAsksForTheWidestTimeRangeSoNoDefaultLimitApplies() {
		assertThat(QueryString.encode(EventsQuery.all().toQuery(), MAPPER))
			.isEqualTo("fromTime=-9007199254740991&toTime=9007199254740991");
	}

	@Test
	void deletionsNeedModifiedSince() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> EventsQuery.builder().includeDeletions(true).build())
			.withMessageContaining("includeDeletions needs modifiedSince");
		EventsQuery query = EventsQuery.builder().includeDeletions(true).modifiedSince(0).state("all").build();
		assertThat(query.asksForDeletions()).isTrue();
		assertThat(QueryString.encode(query.toQuery(), MAPPER))
			.isEqualTo("state=all&modifiedSince=0&includeDeletions=true");
	}

	@Test
	void rejectsBadValuesWithTheirName() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> EventsQuery.builder().limit(-1))
			.withMessageContaining("limit must be 0 or more, not -1");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> EventsQuery.builder().skip(-2))
			.withMessageContaining("skip");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> EventsQuery.builder().state("gone"))
			.withMessageContaining("state must be one of default, trashed, all, not 'gone'");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> EventsQuery.builder().fromTime(Double.NaN))
			.withMessageContaining("fromTime must be a finite number");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> EventsQuery.builder().fromTime(10).toTime(5).build())
			.withMessageContaining("fromTime (10.0) is after toTime (5.0)");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> EventsQuery.builder().streams(" "))
			.withMessageContaining("stream id is empty");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> EventsQuery.builder().streams(List.of(42)))
			.withMessageContaining("an id (String) or a stream query object");
	}

	@Test
	void isAnImmutableValue() {
		EventsQuery.Builder builder = EventsQuery.builder().streams("a");
		EventsQuery first = builder.build();
		builder.streams("b");
		assertThat(first.streams()).containsExactly("a");
		assertThat(first.toBuilder().limit(5).build().toQuery()).containsEntry("limit", 5)
			.containsEntry("streams", List.of("a"));
		assertThat(first).isEqualTo(EventsQuery.builder().streams("a").build());
	}

}
