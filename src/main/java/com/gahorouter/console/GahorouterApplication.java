package com.gahorouter.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gahorouter console API server: tenants, model groups, API keys, billing and the
 * gateway's key check.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GahorouterApplication {

	public static void main(String[] args) {
		SpringApplication.run(GahorouterApplication.class, args);
	}

}
