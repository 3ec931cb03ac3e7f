package io.archipel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ArchipelApplication {

    public static void main(String[] args) {
        SpringApplication.run(ArchipelApplication.class, args);
    }
}
