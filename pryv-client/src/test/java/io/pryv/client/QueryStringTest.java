package io.pryv.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringTest {

	@Test
	void arraysBecomeRepeatedKeysAndNullsAreDropped() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("streams", List.of("heart", "diary"));
		query.put("types", Arrays.asList("note/txt", null));
		query.put("limit", 20);
		query.put("fromTime", null);
		assertThat(QueryString.encode(query, Json.DEFAULT_MAPPER))
			.isEqualTo("streams=heart&streams=diary&types=note%2Ftxt&limit=20");
	}

	@Test
	void objectsAreSentAsOneJsonValue() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("streams", List.of(Map.of("any", List.of("heart"))));
		assertThat(QueryString.encode(query, Json.DEFAULT_MAPPER))
			.isEqualTo("streams=%7B%22any%22%3A%5B%22heart%22%5D%7D");
	}

	@Test
	void timesAreWrittenWithoutExponent() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("fromTime", 1795681882.177);
		query.put("toTime", 1.8E9);
		query.put("running", true);
		assertThat(QueryString.encode(query, Json.DEFAULT_MAPPER))
			.isEqualTo("fromTime=1795681882.177&toTime=1800000000&running=true");
	}

	@Test
	void appendsToUrlsWithOrWithoutQuery() {
		assertThat(QueryString.append("https://h/a/events", Map.of("limit", 1), Json.DEFAULT_MAPPER))
			.isEqualTo("https://h/a/events?limit=1");
		assertThat(QueryString.append("https://h/a/events?x=1", Map.of("limit", 1), Json.DEFAULT_MAPPER))
			.isEqualTo("https://h/a/events?x=1&limit=1");
		assertThat(QueryString.append("https://h/a/events", null, Json.DEFAULT_MAPPER)).isEqualTo("https://h/a/events");
		assertThat(QueryString.encode(Map.of("q", "a b"), Json.DEFAULT_MAPPER)).isEqualTo("q=a%20b");
	}

}
