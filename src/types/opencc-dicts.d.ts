// opencc-js ships its dictionaries (exports "./*") without type declarations: each module's
// default export is one dictionary, "source replacement|source replacement|…".
declare module "opencc-js/dict/*" {
  const dict: string;
  export default dict;
}
