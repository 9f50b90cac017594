package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Credentials in configuration values are masked wherever netseg quotes a value. */
class SecretsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "postgresql://user:hunter2@db:5432/app      | postgresql://***@db:5432/app",
        "mongodb://admin@mongo:27017                 | mongodb://***@mongo:27017",
        "amqp://guest:guest@rabbitmq:5672            | amqp://***@rabbitmq:5672",
        "Server=db;Password=hunter2;Database=x       | Server=db;Password=***;Database=x",
        "Host=db;User Id=sa;Pwd=hunter2              | Host=db;User Id=sa;Pwd=***",
        "http://api:8080/v1?password=hunter2&page=1  | http://api:8080/v1?password=***&page=1",
        "https://acct.blob/c?sv=2022&sig=abc%2Fdef   | https://acct.blob/c?sv=2022&sig=***",
        "AccountName=a;AccountKey=YWJj+/==;Suffix=x  | AccountName=a;AccountKey=***;Suffix=x",
        "redis.password: hunter2                     | redis.password: ***",
        "--api-token=abc123                          | --api-token=***",
        "http://api:8080/v1                          | http://api:8080/v1",
        "cart:7070                                   | cart:7070",
      })
  void credentialsAreMasked(String value, String redacted) {
    assertThat(Secrets.redact(value)).isEqualTo(redacted);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "DB_PASSWORD, true",
    "ORDER_QUEUE_PASSWORD, true",
    "REDIS_PASS, true",
    "MYSQL_ROOT_PWD, true",
    "clientSecret, true",
    "API_TOKEN, true",
    "AWS_SECRET_ACCESS_KEY, true",
    "db.password, true",
    "DB_HOST, false",
    "CART_ADDR, false",
    "PASSWORD_RESET_URL, false",
    "KEY_PREFIX, false",
  })
  void keysThatHoldCredentialsAreRecognized(String key, boolean secret) {
    assertThat(Secrets.isSecretKey(key)).isEqualTo(secret);
  }
}
