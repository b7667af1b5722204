package io.pryv.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code events.get}, immutable. Build one with
 * {@link #builder()}; {@link #toQuery()} gives the query parameters, encoded on
 * the wire by the client's query rules (arrays as repeated keys, stream query
 * objects as one JSON value).
 *
 * <pre>{@code
 * EventsQuery query = EventsQuery.builder()
 *     .streams("heart-rate")
 *     .fromTime(1_700_000_000)
 *     .limit(1000)
 *     .build();
 * }</pre>
 *
 * Without {@code fromTime}, {@code toTime} or {@code limit}, a Pryv platform
 * answers only the last 20 events: use {@link #all()} for everything.
 */
public final class EventsQuery {

	/** The earliest time {@link #all()} asks for: -(2^53 - 1) seconds, the largest exact double integer. */
	public static final double ALL_FROM_TIME = -9007199254740991d;

	/** The latest time {@link #all()} asks for: 2^53 - 1 seconds. */
	public static final double ALL_TO_TIME = 9007199254740991d;

	private static final Set<String> STATES = Set.of("default", "trashed", "all");

	private static final EventsQuery ALL = builder().fromTime(ALL_FROM_TIME).toTime(ALL_TO_TIME).build();

	private final @Nullable Double fromTime;

	private final @Nullable Double toTime;

	private final List<Object> streams;

	private final List<String> types;

	private final @Nullable Boolean running;

	private final @Nullable Boolean sortAscending;

	private final @Nullable Integer skip;

	private final @Nullable Integer limit;

	private final @Nullable String state;

	private final @Nullable Double modifiedSince;

	private final @Nullable Boolean includeDeletions;

	private final Map<String, Object> extra;

	private EventsQuery(Builder builder) {
		this.fromTime = builder.fromTime;
		this.toTime = builder.toTime;
		this.streams = List.copyOf(builder.streams);
		this.types = List.copyOf(builder.types);
		this.running = builder.running;
		this.sortAscending = builder.sortAscending;
		this.skip = builder.skip;
		this.limit = builder.limit;
		this.state = builder.state;
		this.modifiedSince = builder.modifiedSince;
		this.includeDeletions = builder.includeDeletions;
		this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extra));
		if (this.fromTime != null && this.toTime != null && this.fromTime > this.toTime) {
			throw new PryvClientException(
					"Invalid events query: fromTime (" + this.fromTime + ") is after toTime (" + this.toTime + ")");
		}
		if (Boolean.TRUE.equals(this.includeDeletions) && this.modifiedSince == null) {
			throw new PryvClientException("Invalid events query: includeDeletions needs modifiedSince "
					+ "(the platform returns the deletions made since that time)");
		}
	}

	/** @return a new builder */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Every event in the default state (not trashed) of every readable stream:
	 * {@code fromTime} and {@code toTime} set to the widest range, so no default
	 * limit applies.
	 * @return the query
	 */
	public static EventsQuery all() {
		return ALL;
	}

	/** @return a builder holding this query's values */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.fromTime = this.fromTime;
		builder.toTime = this.toTime;
		builder.streams.addAll(this.streams);
		builder.types.addAll(this.types);
		builder.running = this.running;
		builder.sortAscending = this.sortAscending;
		builder.skip = this.skip;
		builder.limit = this.limit;
		builder.state = this.state;
		builder.modifiedSince = this.modifiedSince;
		builder.includeDeletions = this.includeDeletions;
		builder.extra.putAll(this.extra);
		return builder;
	}

	/** @return whether the answer will carry {@code eventDeletions} */
	public boolean asksForDeletions() {
		return Boolean.TRUE.equals(this.includeDeletions);
	}

	/**
	 * The query parameters, in the order set, {@code null}s left out. Stream ids
	 * are a list (repeated {@code streams=} keys); when any stream entry is a
	 * stream query object, the whole list is one JSON text, as the API expects.
	 * @return the parameters (a new mutable map)
	 */
	public Map<String, Object> toQuery() {
		Map<String, Object> query = new LinkedHashMap<>();
		put(query, "fromTime", this.fromTime);
		put(query, "toTime", this.toTime);
		if (!this.streams.isEmpty()) {
			boolean idsOnly = this.streams.stream().allMatch(String.class::isInstance);
			query.put("streams", idsOnly ? this.streams : Json.DEFAULT_MAPPER.writeValueAsString(this.streams));
		}
		if (!this.types.isEmpty()) {
			query.put("types", this.types);
		}
		put(query, "running", this.running);
		put(query, "sortAscending", this.sortAscending);
		put(query, "skip", this.skip);
		put(query, "limit", this.limit);
		put(query, "state", this.state);
		put(query, "modifiedSince", this.modifiedSince);
		put(query, "includeDeletions", this.includeDeletions);
		this.extra.forEach((key, value) -> put(query, key, value));
		return query;
	}

	private static void put(Map<String, Object> query, String key, Object value) {
		if (value != null) {
			query.put(key, value);
		}
	}

	/** @return the earliest event time asked for, or {@code null} */
	public @Nullable Double fromTime() {
		return this.fromTime;
	}

	/** @return the latest event time asked for, or {@code null} */
	public @Nullable Double toTime() {
		return this.toTime;
	}

	/** @return the stream ids ({@code String}) and stream query objects asked for */
	public List<Object> streams() {
		return this.streams;
	}

	/** @return the event types asked for */
	public List<String> types() {
		return this.types;
	}

	/** @return whether only running events are asked for, or {@code null} */
	public @Nullable Boolean running() {
		return this.running;
	}

	/** @return whether the oldest come first, or {@code null} (platform default: newest first) */
	public @Nullable Boolean sortAscending() {
		return this.sortAscending;
	}

	/** @return how many events to skip, or {@code null} */
	public @Nullable Integer skip() {
		return this.skip;
	}

	/** @return the maximum number of events, or {@code null} */
	public @Nullable Integer limit() {
		return this.limit;
	}

	/** @return {@code default}, {@code trashed}, {@code all} or {@code null} */
	public @Nullable String state() {
		return this.state;
	}

	/** @return only events modified since this time (seconds), or {@code null} */
	public @Nullable Double modifiedSince() {
		return this.modifiedSince;
	}

	/** @return whether deletions are asked for, or {@code null} */
	public @Nullable Boolean includeDeletions() {
		return this.includeDeletions;
	}

	/** @return other parameters, sent as they are */
	public Map<String, Object> extra() {
		return this.extra;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EventsQuery that && toQuery().equals(that.toQuery());
	}

	@Override
	public int hashCode() {
		return toQuery().hashCode();
	}

	@Override
	public String toString() {
		return "EventsQuery" + toQuery();
	}

	/** Builds an {@link EventsQuery}; every setter validates its value at once. */
	public static final class Builder {

		private @Nullable Double fromTime;

		private @Nullable Double toTime;

		private final List<Object> streams = new ArrayList<>();

		private final List<String> types = new ArrayList<>();

		private @Nullable Boolean running;

		private @Nullable Boolean sortAscending;

		private @Nullable Integer skip;

		private @Nullable Integer limit;

		private @Nullable String state;

		private @Nullable Double modifiedSince;

		private @Nullable Boolean includeDeletions;

		private final Map<String, Object> extra = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * @param fromTime the earliest event time, in seconds since the epoch
		 * @return this builder
		 */
		public Builder fromTime(double fromTime) {
			this.fromTime = finite("fromTime", fromTime);
			return this;
		}

		/**
		 * @param toTime the latest event time, in seconds since the epoch
		 * @return this builder
		 */
		public Builder toTime(double toTime) {
			this.toTime = finite("toTime", toTime);
			return this;
		}

		/**
		 * Add stream ids (events in these streams or their children).
		 * @param streamIds the stream ids
		 * @return this builder
		 */
		public Builder streams(String... streamIds) {
			return streams(Arrays.asList(Objects.requireNonNull(streamIds, "streamIds")));
		}

		/**
		 * Add stream ids ({@code String}) and/or stream query objects (a
		 * {@code Map} or {@code JsonNode} such as {@code {"any": ["a"], "not": ["b"]}}).
		 * @param streams the stream ids and queries
		 * @return this builder
		 */
		public Builder streams(Collection<?> streams) {
			if (streams == null) {
				throw new PryvClientException("Invalid events query: streams is null");
			}
			for (Object stream : streams) {
				if (stream == null || (stream instanceof String id && id.isBlank())) {
					throw new PryvClientException("Invalid events query: a stream id is empty or null in " + streams);
				}
				if (!(stream instanceof String || stream instanceof Map<?, ?>
						|| stream instanceof tools.jackson.databind.JsonNode node && node.isObject())) {
					throw new PryvClientException("Invalid events query: a stream must be an id (String) or a "
							+ "stream query object (Map or JSON object), not " + stream.getClass().getName());
				}
				this.streams.add(stream);
			}
			return this;
		}

		/**
		 * Add event types, e.g. {@code note/txt} or {@code frequency/*}.
		 * @param types the types
		 * @return this builder
		 */
		public Builder types(String... types) {
			for (String type : Objects.requireNonNull(types, "types")) {
				if (type == null || type.isBlank()) {
					throw new PryvClientException("Invalid events query: an event type is empty or null");
				}
				this.types.add(type);
			}
			return this;
		}

		/**
		 * @param running {@code true} for running events only (with a null duration)
		 * @return this builder
		 */
		public Builder running(boolean running) {
			this.running = running;
			return this;
		}

		/**
		 * @param sortAscending {@code true} for the oldest events first
		 * @return this builder
		 */
		public Builder sortAscending(boolean sortAscending) {
			this.sortAscending = sortAscending;
			return this;
		}

		/**
		 * @param skip how many events to skip (at least 0)
		 * @return this builder
		 */
		public Builder skip(int skip) {
			if (skip < 0) {
				throw new PryvClientException("Invalid events query: skip must be 0 or more, not " + skip);
			}
			this.skip = skip;
			return this;
		}

		/**
		 * @param limit the maximum number of events (at least 0)
		 * @return this builder
		 */
		public Builder limit(int limit) {
			if (limit < 0) {
				throw new PryvClientException("Invalid events query: limit must be 0 or more, not " + limit);
			}
			this.limit = limit;
			return this;
		}

		/**
		 * @param state {@code default} (not trashed), {@code trashed} or {@code all}
		 * @return this builder
		 */
		public Builder state(String state) {
			if (state == null || !STATES.contains(state)) {
				throw new PryvClientException(
						"Invalid events query: state must be one of default, trashed, all, not '" + state + "'");
			}
			this.state = state;
			return this;
		}

		/**
		 * @param modifiedSince only events modified since this time (seconds)
		 * @return this builder
		 */
		public Builder modifiedSince(double modifiedSince) {
			this.modifiedSince = finite("modifiedSince", modifiedSince);
			return this;
		}

		/**
		 * @param includeDeletions {@code true} to also get the deletions since
		 * {@link #modifiedSince(double)} (which is then required)
		 * @return this builder
		 */
		public Builder includeDeletions(boolean includeDeletions) {
			this.includeDeletions = includeDeletions;
			return this;
		}

		/**
		 * Any other {@code events.get} parameter, sent as it is (e.g. a content query).
		 * @param key the parameter name
		 * @param value its value ({@code null} removes it)
		 * @return this builder
		 */
		public Builder param(String key, @Nullable Object value) {
			if (key == null || key.isBlank()) {
				throw new PryvClientException("Invalid events query: a parameter name is empty");
			}
			if (value == null) {
				this.extra.remove(key);
			}
			else {
				this.extra.put(key, value);
			}
			return this;
		}

		/**
		 * @return the query
		 * @throws PryvClientException if {@code fromTime > toTime}, or deletions
		 * are asked without {@code modifiedSince}
		 */
		public EventsQuery build() {
			return new EventsQuery(this);
		}

		private static double finite(String name, double value) {
			if (!Double.isFinite(value)) {
				throw new PryvClientException("Invalid events query: " + name + " must be a finite number, not " + value);
			}
			return value;
		}

	}

}
