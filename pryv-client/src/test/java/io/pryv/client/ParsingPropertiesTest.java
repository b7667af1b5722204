package io.pryv.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property-based tests (jqwik): endpoint parsing on generated and arbitrary
 * strings, and the events stream reader on generated answers cut at random
 * places and on random bytes.
 */
class ParsingPropertiesTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	// --- endpoint parsing ---

	@Provide
	Arbitrary<String> tokens() {
		return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '_', '@', '.')
			.ofMinLength(1).ofMaxLength(60)
			.filter((token) -> !token.startsWith("@"));
	}

	@Provide
	Arbitrary<String> hosts() {
		// a label starts with a letter: java.net.URI reads "a.0" as no host at all
		Arbitrary<String> label = Combinators.combine(Arbitraries.chars().range('a', 'z'),
				Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMaxLength(19))
			.as((first, others) -> first + others);
		Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map((labels) -> String.join(".", labels));
		Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map((p) -> ":" + p).injectNull(0.5);
		return Combinators.combine(name, port).as((n, p) -> n + ((p != null) ? p : ""));
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(15)
			.list().ofMaxSize(3).map((segments) -> String.join("/", segments));
	}

	@Property(tries = 500)
	void anEndpointStringGivesBackItsTokenAndBaseUrl(@ForAll("tokens") String token, @ForAll("hosts") String host,
			@ForAll("paths") String path, @ForAll boolean https) {
		String base = (https ? "https" : "http") + "://" + host + "/" + (path.isEmpty() ? "" : path + "/");
		String text = base.replace("://", "://" + token + "@");
		ApiEndpoint endpoint = ApiEndpoint.parse(text);
		assertThat(endpoint.token()).isEqualTo(token);
		assertThat(endpoint.baseUrl()).isEqualTo(base);
		assertThat(endpoint.toUrlString()).isEqualTo(text);
		assertThat(ApiEndpoint.parse(endpoint.toUrlString())).isEqualTo(endpoint);
		assertThat(endpoint.toString()).doesNotContain(token + "@");
	}

	@Property(tries = 2000)
	void anyStringIsAnHttpEndpointWithASafeTokenOrAClearError(@ForAll @Size(max = 80) String text) {
		checkAnyEndpointString(text);
	}

	@Property(tries = 2000)
	void anyUrlLikeStringIsAnHttpEndpointWithASafeTokenOrAClearError(@ForAll("urlLike") String text) {
		checkAnyEndpointString(text);
	}

	@Provide
	Arbitrary<String> urlLike() {
		Arbitrary<String> scheme = Arbitraries.of("https://", "http://", "ftp://", "HTTPS://", "javascript:", "", "://");
		Arbitrary<String> rest = Arbitraries.strings()
			.withChars("abc019-_.:/@?#%[] \t\r\n\u0000\u00e9")
			.ofMaxLength(40);
		return Combinators.combine(scheme, rest).as(String::concat);
	}

	private static void checkAnyEndpointString(String text) {
		ApiEndpoint endpoint;
		try {
			endpoint = ApiEndpoint.parse(text);
		}
		catch (PryvClientException ex) {
			assertThat(ex.getMessage()).startsWith("Invalid Pryv API").doesNotContain("\r").doesNotContain("\n");
			return;
		}
		assertThat(endpoint.baseUrl()).matches("(?i)https?://.+/").doesNotContain("@");
		assertThat(endpoint.baseUrl()).doesNotContain("\r").doesNotContain("\n").doesNotContain(" ");
		if (endpoint.token() != null) {
			assertThat(endpoint.token()).isNotEmpty().doesNotContain(":").doesNotContainAnyWhitespaces();
			assertThat(endpoint.token().chars()).allMatch((c) -> c >= ' ' && c != 0x7F);
			assertThat(endpoint.toString()).doesNotContain(endpoint.token() + "@");
		}
	}

	// --- the events stream reader ---

	@Provide
	Arbitrary<List<Map<String, Object>>> events() {
		Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofLength(25);
		// any text but lone surrogates (not Unicode: Jackson itself cannot read them back)
		Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\ud7ff')
			.withCharRange('\ue000', '\ufffd').withChars("\"\\/\u00e9").ofMaxLength(30);
		Arbitrary<Object> content = Arbitraries.oneOf(text.map((t) -> (Object) t),
				Arbitraries.doubles().map((d) -> (Object) d), Arbitraries.longs().map((l) -> (Object) l),
				Arbitraries.just(null), Arbitraries.just(true),
				text.list().ofMaxSize(3).map((list) -> (Object) list),
				Combinators.combine(text, Arbitraries.integers()).as((k, v) -> (Object) Map.of("k" + k, v)));
		Arbitrary<List<String>> streamIds = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
			.list().ofMinSize(1).ofMaxSize(3);
		Arbitrary<Map<String, Object>> event = Combinators
			.combine(id, streamIds, content, Arbitraries.doubles().between(0, 2e9), Arbitraries.of(true, false),
					text.injectNull(0.5))
			.as((i, streams, c, time, trashed, description) -> {
				Map<String, Object> e = new LinkedHashMap<>();
				e.put("id", i);
				e.put("streamIds", streams);
				e.put("type", "note/txt");
				e.put("content", c);
				e.put("time", time);
				if (trashed) {
					e.put("trashed", true);
				}
				if (description != null) {
					e.put("description", description);
					e.put("clientData", Map.of("x", List.of(description, Map.of("id", "not-an-event"))));
				}
				return e;
			});
		return event.list().ofMaxSize(30);
	}

	@Property(tries = 300)
	void randomEventsCutAtRandomPlacesGiveExactlyTheEventsOfAWholeParse(@ForAll("events") List<Map<String, Object>> events,
			@ForAll @Size(max = 12) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 1_000_000) Integer> cuts) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("events", events);
		answer.put("meta", Map.of("apiVersion", "2.0.0", "serverTime", 1.5));
		byte[] body = MAPPER.writeValueAsBytes(answer);
		List<Event> whole = parse(body, new int[0]);
		int[] positions = cuts.stream().mapToInt((c) -> c % (body.length + 1)).toArray();
		List<Event> cut = parse(body, positions);
		assertThat(cut).hasSameSizeAs(events);
		JsonNode tree = MAPPER.readTree(body).get("events");
		for (int i = 0; i < events.size(); i++) {
			assertThat(cut.get(i).toJson()).isEqualTo(whole.get(i).toJson());
			assertThat(cut.get(i).raw()).isEqualTo(tree.get(i));
			assertThat(cut.get(i)).isEqualTo(whole.get(i));
		}
	}

	@Property(tries = 300)
	void thePassThroughHandsOverTheBytesTheTypedReaderKeeps(@ForAll("events") List<Map<String, Object>> events,
			@ForAll @Size(max = 12) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 1_000_000) Integer> cuts) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("events", events);
		answer.put("meta", Map.of("apiVersion", "2.0.0", "serverTime", 1.5));
		byte[] body = MAPPER.writeValueAsBytes(answer);
		int[] positions = cuts.stream().mapToInt((c) -> c % (body.length + 1)).toArray();
		List<Event> typed = parse(body, positions);
		List<byte[]> passed = passThrough(body, positions);
		assertThat(passed).hasSameSizeAs(events);
		for (int i = 0; i < events.size(); i++) {
			assertThat(passed.get(i)).isEqualTo(typed.get(i).json().toBytes());
		}
	}

	@Property(tries = 1000)
	void thePassThroughRefusesWhatTheTypedReaderRefuses(@ForAll @Size(max = 60) byte[] bytes,
			@ForAll @Size(max = 4) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 200) Integer> cuts) {
		// random bytes inside an event, after a valid start: mostly invalid JSON, sometimes not
		byte[] prefix = "{\"events\":[{\"id\":\"a\",\"content\":".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = "}],\"meta\":{}}".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + bytes.length + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		System.arraycopy(bytes, 0, body, prefix.length, bytes.length);
		System.arraycopy(suffix, 0, body, prefix.length + bytes.length, suffix.length);
		int[] positions = cuts.stream().mapToInt((c) -> c % (body.length + 1)).toArray();
		String typed;
		try {
			typed = "ok " + parse(body, positions).size();
		}
		catch (PryvClientException ex) {
			typed = "refused";
		}
		String passed;
		try {
			passed = "ok " + passThrough(body, positions).size();
		}
		catch (PryvClientException ex) {
			passed = "refused";
		}
		assertThat(passed).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(typed);
	}

	@Property(tries = 500)
	void randomBytesNeverHangOrLoop(@ForAll @Size(max = 300) byte[] bytes,
			@ForAll @Size(max = 8) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 400) Integer> cuts,
			@ForAll boolean validStart) {
		byte[] prefix = validStart ? "{\"events\":[{\"id\":\"a\",".getBytes(StandardCharsets.UTF_8) : new byte[0];
		byte[] body = Arrays.copyOf(prefix, prefix.length + bytes.length);
		System.arraycopy(bytes, 0, body, prefix.length, bytes.length);
		int[] positions = cuts.stream().mapToInt((c) -> c % (body.length + 1)).toArray();
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			try {
				parse(body, positions);
			}
			catch (PryvClientException ex) {
				assertThat(ex.getMessage()).contains("events.get (test)");
			}
		});
	}

	/** Pass the body cut at the given positions through, as the network would hand it over. */
	private static List<byte[]> passThrough(byte[] body, int[] cuts) {
		List<byte[]> events = new ArrayList<>();
		EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, false, "events.get (test)",
				(event) -> events.add(event.toBytes()));
		TreeSet<Integer> bounds = new TreeSet<>();
		for (int cut : cuts) {
			bounds.add(cut);
		}
		bounds.add(body.length);
		int start = 0;
		for (int end : bounds) {
			if (end > start) {
				parser.feed(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(body, start, end)));
				start = end;
			}
		}
		parser.finish();
		parser.complete();
		return events;
	}

	/** Feed the body cut at the given positions, as the network would hand it over. */
	private static List<Event> parse(byte[] body, int[] cuts) {
		EventsStreamParser parser = new EventsStreamParser(MAPPER, false, false, "events.get (test)");
		List<Event> events = new ArrayList<>();
		TreeSet<Integer> bounds = new TreeSet<>();
		for (int cut : cuts) {
			bounds.add(cut);
		}
		bounds.add(body.length);
		int start = 0;
		for (int end : bounds) {
			if (end > start) {
				parser.feed(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(body, start, end)))
					.forEach((item) -> events.add((Event) item));
				start = end;
			}
		}
		parser.finish().forEach((item) -> events.add((Event) item));
		parser.complete();
		return events;
	}

}
