/**
 * Text from outside (an SMTP reply, an endpoint's answer, an error quoting either) as a text
 * column can hold it: Postgres refuses NUL, and a bound keeps a row small.
 */
export const storableText = (text: string, maxLength: number) =>
  text.replaceAll('\u0000', '').slice(0, maxLength)
