package io.pryv.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.style.ToStringCreator;

import io.pryv.client.ApiEndpoint;

/**
 * {@link PryvConnectionDetails} from {@link PryvProperties}.
 */
public class PropertiesPryvConnectionDetails implements PryvConnectionDetails {

	private final PryvProperties properties;

	/**
	 * @param properties the bound {@code pryv.*} properties
	 */
	public PropertiesPryvConnectionDetails(PryvProperties properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable String getServiceInfoUrl() {
		return PryvProperties.blankToNull(this.properties.getServiceInfoUrl());
	}

	@Override
	public @Nullable ApiEndpoint getApiEndpoint() {
		String endpoint = PryvProperties.blankToNull(this.properties.getApiEndpoint());
		return (endpoint != null) ? ApiEndpoint.parse(endpoint) : null;
	}

	@Override
	public String toString() {
		return new ToStringCreator(this).append("serviceInfoUrl", getServiceInfoUrl())
			.append("apiEndpoint", getApiEndpoint())
			.toString();
	}

}
