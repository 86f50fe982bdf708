export default {
  displayName: 'tron-client',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
