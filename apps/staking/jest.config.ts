export default {
  displayName: 'staking',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
