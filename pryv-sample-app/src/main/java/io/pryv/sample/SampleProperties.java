package io.pryv.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample app, under {@code pryv-sample.*}.
 *
 * @param simulation whether {@code pryv.service-info-url} is the embedded
 * simulated platform (set by the {@code demo} profile; the page says so)
 * @param latestEvents how many events the page shows
 */
@ConfigurationProperties("pryv-sample")
public record SampleProperties(@DefaultValue("false") boolean simulation,
		@DefaultValue("20") int latestEvents) {

	/** Validate. */
	public SampleProperties {
		if (latestEvents < 1 || latestEvents > 1000) {
			throw new IllegalArgumentException("pryv-sample.latest-events must be between 1 and 1000, not " + latestEvents);
		}
	}

}
