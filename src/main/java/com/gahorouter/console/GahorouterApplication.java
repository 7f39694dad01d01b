package com.gahorouter.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import com.gahorouter.console.system.ExitOnSigterm;

/**
 * The gahorouter console API server: tenants, model groups, API keys, billing and the
 * gateway's key check.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GahorouterApplication {

	public static void main(String[] args) {
		ExitOnSigterm.install();
		SpringApplication.run(GahorouterApplication.class, args);
	}

}
