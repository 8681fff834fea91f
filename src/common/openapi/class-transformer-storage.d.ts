// class-transformer ships no types beside its CommonJS build; its metadata store is the one @Type writes to.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: {
    findTypeMetadata(target: object, propertyName: string): { typeFunction: () => unknown } | undefined;
  };
}
