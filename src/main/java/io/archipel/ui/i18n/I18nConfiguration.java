package io.archipel.ui.i18n;

import io.archipel.identity.LoginRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

@Configuration(proxyBeanMethods = false)
class I18nConfiguration {

    @Bean
    LocaleResolver localeResolver(LoginRecorder recorder) {
        return new ArchipelLocaleResolver(recorder);
    }
}
