package io.pryv.client.observation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** URI templates of Pryv calls: bounded, without usernames, ids or keys. */
class PryvClientRequestObservationConventionTest {

	@Test
	void pathsBecomeBoundedTemplates() {
		assertThat(PryvClientRequestObservationConvention.template("/")).isEqualTo("/");
		assertThat(PryvClientRequestObservationConvention.template("/alice/")).isEqualTo("/");
		assertThat(PryvClientRequestObservationConvention.template("/alice/events")).isEqualTo("/events");
		assertThat(PryvClientRequestObservationConvention.template("/events/ckx0a1b2c3/series"))
			.isEqualTo("/events/{id}/series");
		assertThat(PryvClientRequestObservationConvention.template("/alice/events/ckx0a1b2c3/ckatt123"))
			.isEqualTo("/events/{id}/{id}");
		assertThat(PryvClientRequestObservationConvention.template("/reg/access/AFDUqvBLzWXLrTgi"))
			.isEqualTo("/access/{id}");
		assertThat(PryvClientRequestObservationConvention.template("/reg/service/info")).isEqualTo("/service/info");
		assertThat(PryvClientRequestObservationConvention.template("/alice/auth/login")).isEqualTo("/auth/login");
	}

	@Test
	void usernamesInThePathNeverReachTheTemplate() {
		for (String user : List.of("alice", "bob", "carol")) {
			assertThat(PryvClientRequestObservationConvention.template("/" + user + "/accesses/" + user))
				.isEqualTo("/accesses/{id}");
		}
	}

}
